theorem foo (x : Int) : x = x := by
  have h : x = 1 := by sorry
