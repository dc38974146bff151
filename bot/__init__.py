"""Reflect: a reflective-practice assistant built on the partnership's case audits."""
