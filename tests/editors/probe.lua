-- Drives Neovim's own LSP client against the server; prints what the user would see as JSON.
-- Usage: nvim --headless --clean -c "edit FILE" -c "luafile probe.lua"  (env: BA_SERVER, BA_ROOT,
-- BA_HOVER_LINE, BA_HOVER_COL)
local cmd = vim.fn.json_decode(os.getenv("BA_SERVER"))
local id = vim.lsp.start_client({ cmd = cmd, root_dir = os.getenv("BA_ROOT"), name = "backend-architect" })
vim.lsp.buf_attach_client(0, id)
local out = { diagnostics = {}, hover = vim.NIL, lenses = vim.NIL }
vim.wait(20000, function()
  for _, d in ipairs(vim.diagnostic.get(0)) do
    -- the second publish, after the start-up index linked the app's prefixes
    if d.code == "BA301" and d.message:find("/api/v1/", 1, true) then return true end
  end
  return false
end, 50)
for _, d in ipairs(vim.diagnostic.get(0)) do
  table.insert(out.diagnostics, { code = d.code, lnum = d.lnum, col = d.col, end_col = d.end_col, message = d.message, source = d.source })
end
local params = {
  textDocument = { uri = vim.uri_from_bufnr(0) },
  position = { line = tonumber(os.getenv("BA_HOVER_LINE")), character = tonumber(os.getenv("BA_HOVER_COL")) },
}
local res = vim.lsp.buf_request_sync(0, "textDocument/hover", params, 10000)
for _, r in pairs(res or {}) do
  if r.result then out.hover = r.result.contents.value end
end
local lens = vim.lsp.buf_request_sync(0, "textDocument/codeLens", { textDocument = params.textDocument }, 10000)
for _, r in pairs(lens or {}) do
  if r.result then
    out.lenses = {}
    for _, l in ipairs(r.result) do table.insert(out.lenses, l.command.title) end
  end
end
io.stdout:write(vim.fn.json_encode(out) .. "\n")
vim.lsp.stop_client(id)
vim.cmd("qa!")
