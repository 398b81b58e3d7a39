"""The instances that ship with hinterland, installed as package data of ``hinterland.instances``.

Each folder holding an ``instance.yaml`` is an instance, found by its name
(:mod:`hinterland.model.bundled`); ``build/`` rebuilds the real ones from public data and is not
installed.
"""
