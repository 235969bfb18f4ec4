-- Proofs in Lean 4's core library: no imports needed.

theorem two_add_two : 2 + 2 = 4 := rfl

theorem add_zero' (n : Nat) : n + 0 = n := rfl

def double (n : Nat) : Nat := 2 * n

example : double 3 = 6 := rfl
