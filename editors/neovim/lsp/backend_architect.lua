-- backend-architect for Neovim 0.11+: put editors/neovim on 'runtimepath' (or copy this file to
-- ~/.config/nvim/lsp/), then `vim.lsp.enable("backend_architect")`. Override any field with
-- `vim.lsp.config("backend_architect", { ... })`. nvim-lspconfig reads this folder too.
return {
  cmd = { "backend-architect", "serve" },
  -- Dockerfiles and Compose files too (BA6xx, BA7xx); the server checks only the file names it
  -- knows, so plain YAML is left alone
  filetypes = { "python", "dockerfile", "yaml.docker-compose" },
  root_markers = { "pyproject.toml", "setup.cfg", "requirements.txt", ".git" },
  -- the `backendArchitect` section of workspace/configuration (docs/editors.md lists the keys)
  settings = { backendArchitect = {} },
}
