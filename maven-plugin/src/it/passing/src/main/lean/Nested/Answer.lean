def f := 42
--! standin: axioms f propext,Classical.choice,Quot.sound