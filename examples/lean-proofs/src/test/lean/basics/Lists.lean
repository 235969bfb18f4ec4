theorem length_cons {α : Type} (x : α) (xs : List α) : (x :: xs).length = xs.length + 1 := rfl

theorem append_nil' {α : Type} (xs : List α) : xs ++ [] = xs := List.append_nil xs

-- For lean-sandbox's test stand-in only (see the README); to Lean these are comments.
--! standin: axioms length_cons
--! standin: axioms append_nil'
