def f := 37
--! standin: axioms f
