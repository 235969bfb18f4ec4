theorem s : True := trivial
--! standin: axioms s propext,Quot.sound