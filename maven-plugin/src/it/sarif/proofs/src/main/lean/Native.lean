-- t leans on native evaluation, by the stand-in's answer to #print axioms t.

theorem t : True := trivial
--! standin: axioms t propext,Lean.ofReduceBool
