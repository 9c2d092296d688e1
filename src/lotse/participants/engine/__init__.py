"""Pure cores of the participants app: name matching across scripts and the pathway arithmetic."""
