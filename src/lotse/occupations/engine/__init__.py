"""The occupation search core: plain typed Python (numpy, scipy), no Django.

``normalise`` turns what people type into comparable text; ``OccupationIndex`` ranks concepts
(ESCO occupations, ISCO groups, German reference occupations) for a query.
"""

from lotse.occupations.engine.index import Hit, Label, OccupationIndex
from lotse.occupations.engine.normalise import label_variants, normalise

__all__ = ["Hit", "Label", "OccupationIndex", "label_variants", "normalise"]
