"""The solver adapter: HiGHS (:mod:`.highs`), the model held for warm re-solves (:mod:`.warm`),
and the solve pipeline from a checked instance to a layout and its costs (:mod:`.pipeline`).

Nothing else in the project talks to the solver.
"""
