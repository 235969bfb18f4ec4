def f := 37
--! standin: hang