def f := 1
--! standin: axioms f
