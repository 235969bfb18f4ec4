theorem t : True := trivial
--! standin: axioms t propext,Lean.ofReduceBool