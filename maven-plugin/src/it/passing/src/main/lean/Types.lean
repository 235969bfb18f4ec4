structure Point where
  x : Nat
  y : Nat