def f : Nat := by apply Nat.succ
