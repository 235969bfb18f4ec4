-- Declares f, as sub/B.lean does; the stand-in directives answer for Lean (see the repository's README).
def zeta := 26
--! standin: axioms zeta

def f := 1
--! standin: axioms f

theorem alpha : True := trivial
--! standin: axioms alpha
