# Sourced by the scripts: makes `uv` available, installing it from PyPI when it is missing.
if command -v uv >/dev/null 2>&1; then
  UV=(uv)
elif python3 -m uv --version >/dev/null 2>&1; then
  UV=(python3 -m uv)
else
  echo "Installing uv (the package manager) for this user …"
  python3 -m pip install --quiet --user uv 2>/dev/null \
    || python3 -m pip install --quiet --user --break-system-packages uv
  UV=(python3 -m uv)
fi
