-- Neovim configured the way the docs say, then a file opened: the client must start by itself.
-- BA_SETUP: "readme" or "docs" runs a snippet of the README or docs/editors.md (the file
-- BA_SNIPPET: 0.11's vim.lsp.config, 0.7's start_client autocommand); "runtime" enables the
-- lsp/backend_architect.lua shipped in editors/neovim (on 'runtimepath', 0.11+); "start_client"
-- starts it by hand. Then BA_FILE is opened, the
-- diagnostics and the hover at BA_LINE/BA_COL read, and :BackendArchitectRoutes (the plugin/
-- of editors/neovim) fills the quickfix list. Prints one JSON line.
local out = { clients = {}, configuration = vim.NIL, diagnostics = {}, hover = vim.NIL, quickfix = {}, errors = {} }
local setup = os.getenv("BA_SETUP")
-- what Neovim answers the server's workspace/configuration with (the snippet's `settings`)
local answer = vim.lsp.handlers["workspace/configuration"]
vim.lsp.handlers["workspace/configuration"] = function(err, result, ctx, cfg)
  local r = answer(err, result, ctx, cfg)
  out.configuration = r
  return r
end
if setup == "readme" or setup == "docs" then
  dofile(os.getenv("BA_SNIPPET"))
elseif setup == "runtime" then
  vim.lsp.enable("backend_architect")
end
vim.cmd("edit " .. vim.fn.fnameescape(os.getenv("BA_FILE")))
local bufnr = vim.api.nvim_get_current_buf()
if setup == "start_client" then
  local id = vim.lsp.start_client({
    cmd = { "backend-architect", "serve" },
    root_dir = os.getenv("BA_ROOT"),
    name = "backend-architect",
  })
  vim.lsp.buf_attach_client(bufnr, id)
end

local function clients()
  return vim.lsp.get_clients and vim.lsp.get_clients({ bufnr = bufnr }) or vim.lsp.buf_get_clients(bufnr)
end
vim.wait(20000, function() return next(clients()) ~= nil end, 50)
for _, c in pairs(clients()) do
  table.insert(out.clients, { name = c.name, root = c.config.root_dir, settings = c.config.settings or vim.NIL })
end

-- the diagnostics once they have settled on BA_WAIT_CODES (sorted, comma-separated): the server
-- may deliver a first set before the client's settings reach it
local want = os.getenv("BA_WAIT_CODES")
vim.wait(30000, function()
  local codes = {}
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do table.insert(codes, d.code) end
  table.sort(codes)
  return table.concat(codes, ",") == want
end, 50)
for _, d in ipairs(vim.diagnostic.get(bufnr)) do
  table.insert(out.diagnostics, { code = d.code, lnum = d.lnum, col = d.col })
end
local params = {
  textDocument = { uri = vim.uri_from_bufnr(bufnr) },
  position = { line = tonumber(os.getenv("BA_LINE")), character = tonumber(os.getenv("BA_COL")) },
}
for _, r in pairs(vim.lsp.buf_request_sync(bufnr, "textDocument/hover", params, 10000) or {}) do
  if r.result then out.hover = r.result.contents.value end
end

local done = false
local ok, err = pcall(vim.cmd, "BackendArchitectRoutes")
if not ok then table.insert(out.errors, tostring(err)) end
vim.wait(30000, function() return #vim.fn.getqflist() > 0 end, 50)
for _, item in ipairs(vim.fn.getqflist()) do
  table.insert(out.quickfix, { file = vim.api.nvim_buf_get_name(item.bufnr), lnum = item.lnum, col = item.col, text = item.text })
end
out.qf_title = vim.fn.getqflist({ title = 1 }).title
io.stdout:write(vim.fn.json_encode(out) .. "\n")
vim.cmd("qa!")
