-- Proofs in Lean 4's core library: no imports needed.

theorem two_add_two : 2 + 2 = 4 := rfl

theorem add_zero' (n : Nat) : n + 0 = n := rfl

def double (n : Nat) : Nat := 2 * n

example : double 3 = 6 := rfl

-- For lean-sandbox's test stand-in only (see the README); to Lean these are comments.
--! standin: axioms two_add_two
--! standin: axioms add_zero'
--! standin: axioms double
--! standin: axioms lean_sandbox_example_L9
