def f := 37
