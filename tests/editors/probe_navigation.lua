-- Drives Neovim's own LSP client for navigation: go to definition from a URL string, and
-- workspace/symbol; prints what came back as JSON.
-- Usage: nvim --headless --clean -c "edit FILE" -c "luafile probe_navigation.lua"
-- (env: BA_SERVER, BA_ROOT, BA_LINE, BA_COL, BA_QUERY)
local cmd = vim.fn.json_decode(os.getenv("BA_SERVER"))
local id = vim.lsp.start_client({ cmd = cmd, root_dir = os.getenv("BA_ROOT"), name = "backend-architect" })
vim.lsp.buf_attach_client(0, id)
local out = { definition = {}, symbols = {} }
local params = {
  textDocument = { uri = vim.uri_from_bufnr(0) },
  position = { line = tonumber(os.getenv("BA_LINE")), character = tonumber(os.getenv("BA_COL")) },
}

local function locations(result)
  local found = {}
  for _, loc in ipairs(result or {}) do
    table.insert(found, { uri = loc.uri, line = loc.range.start.line, col = loc.range.start.character })
  end
  return found
end

-- the routes exist once the start-up index is built: ask until the answer comes
vim.wait(30000, function()
  local res = vim.lsp.buf_request_sync(0, "textDocument/definition", params, 5000)
  for _, r in pairs(res or {}) do
    if r.result and #r.result > 0 then
      out.definition = locations(r.result)
      return true
    end
  end
  return false
end, 200)

local res = vim.lsp.buf_request_sync(0, "workspace/symbol", { query = os.getenv("BA_QUERY") }, 10000)
for _, r in pairs(res or {}) do
  for _, s in ipairs(r.result or {}) do
    table.insert(out.symbols, {
      name = s.name,
      kind = s.kind,
      container = s.containerName,
      uri = s.location.uri,
      line = s.location.range.start.line,
    })
  end
end
io.stdout:write(vim.fn.json_encode(out) .. "\n")
vim.lsp.stop_client(id)
vim.cmd("qa!")
