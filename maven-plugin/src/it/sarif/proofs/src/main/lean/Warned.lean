def f (x : Nat) : Nat := 37
--! standin: axioms f
--! standin: say warning unused variable `x`
