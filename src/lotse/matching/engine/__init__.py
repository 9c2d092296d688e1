"""Pure cores of the matching app (no Django): stable allocation of applicants to places."""
