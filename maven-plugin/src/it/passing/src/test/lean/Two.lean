def f := 2
--! standin: axioms f