-- Opens a Dockerfile in Neovim, attaches the server the way the docs' filetypes do, and prints
-- the filetype Neovim gave the buffer and the diagnostics it shows, as JSON.
local cmd = vim.fn.json_decode(os.getenv("BA_SERVER"))
local out = { filetype = vim.bo.filetype, diagnostics = {} }
local id = vim.lsp.start_client({ cmd = cmd, root_dir = os.getenv("BA_ROOT"), name = "backend-architect" })
vim.lsp.buf_attach_client(0, id)
vim.wait(20000, function()
  for _, d in ipairs(vim.diagnostic.get(0)) do
    if d.code == "BA607" then return true end
  end
  return false
end, 50)
for _, d in ipairs(vim.diagnostic.get(0)) do
  table.insert(out.diagnostics, { code = d.code, lnum = d.lnum, col = d.col, end_col = d.end_col, source = d.source })
end
io.stdout:write(vim.fn.json_encode(out) .. "\n")
vim.lsp.stop_client(id)
vim.cmd("qa!")
