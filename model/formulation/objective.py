"""Objective: the weighted sum of cost, risk, imbalance and synergy.

* ``Cost = investment + sum_{(s,k)} (o[k]*H + g[k]*dbar[s,k]) * x[s,k]`` (H the horizon in
  years, ``dbar`` the mean distance from s to the centres k serves);
* ``Risk = sum_{(s,k)} hazard[s] * value[k] * x[s,k]``;
* ``Imbalance`` from :mod:`.balance`, ``Synergy`` from :mod:`.synergy`;

``min w_cost*Cost + w_risk*Risk + w_balance*Imbalance - w_synergy*Synergy`` with the weights of
instance.yaml (cost 1, the others 0 by default). Each term is a named expression
(``cost_term``, ``risk_term``, ``imbalance_term``, ``synergy_term``) so that trade-off studies
can bound one while minimising another.
"""

from __future__ import annotations

import pyomo.environ as pyo

from hinterland.model.formulation.data import FormulationData
from hinterland.model.settings import Weights


def add_terms(m: pyo.ConcreteModel, data: FormulationData) -> None:
    """The named expressions ``cost_term`` and ``risk_term``."""
    running = data.unit_running
    m.cost_term = pyo.Expression(
        expr=m.investment
        + pyo.quicksum(running[pair] * m.x[pair] for pair in data.pair_index if running[pair])
    )
    exposure = data.column("exposure")
    m.risk_term = pyo.Expression(
        expr=pyo.quicksum(exposure[pair] * m.x[pair] for pair in data.pair_index
                          if exposure[pair])
    )


def weighted_objective(m: pyo.ConcreteModel, data: FormulationData) -> object:
    """``w_cost*Cost + w_risk*Risk + w_balance*Imbalance - w_synergy*Synergy`` (zero weights
    left out)."""
    return weighted_sum(m, data.instance.weights)


def weighted_sum(m: pyo.ConcreteModel, weights: Weights) -> object:
    """The weighted objective of the terms named on ``m``."""
    terms = [(weights.cost, m.cost_term), (weights.risk, m.risk_term),
             (weights.balance, m.imbalance_term), (-weights.synergy, m.synergy_term)]
    return pyo.quicksum(w * term for w, term in terms if w)
