-- The project's own Lean: checked by the Maven plugin (mvn verify), once; src/test/lean is Surefire's.

def double (n : Nat) : Nat := 2 * n

theorem double_zero : double 0 = 0 := rfl

-- For lean-sandbox's test stand-in only (see the README); to Lean these are comments.
--! standin: axioms double
--! standin: axioms double_zero
