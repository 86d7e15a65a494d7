"""The wizard for one draft: a step list on the left, one page per step on the right."""
