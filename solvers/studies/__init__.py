"""Studies: many solves or measures answering one question.

Sweeps of parameters and scenarios (:mod:`.sweep`), the robust core and least-regret layout of a
sweep (:mod:`.robust`), cost frontiers (:mod:`.pareto`), the price of security (:mod:`.prices`),
the fewest relaxations of an infeasible instance (:mod:`.diagnose`), today's layout beside
another (:mod:`.comparing`) and suitability rankings (:mod:`.ranking`).
"""
