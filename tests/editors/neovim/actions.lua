-- Drives Neovim's own LSP client through the actions: the code actions on a handler, "Review
-- endpoint" executed as Neovim runs a code action's command, the agent's quick fix and a rule's
-- quick fix applied with Neovim's own apply_workspace_edit. Prints what happened as one JSON line.
-- Usage: nvim --headless --clean -c "edit HANDLER_FILE" -c "luafile actions.lua"
-- Env: BA_SERVER (JSON argv), BA_ROOT, BA_INIT (JSON initializationOptions), BA_LINE, BA_COL (the
-- handler's name, 0-based), BA_FIX_FILE (a file with a rule's quick fix), BA_FIX_CODE.
vim.o.hidden = true -- the fixed buffer stays modified while the next file opens
local out = { messages = {}, shown = {}, actions = {}, errors = {} }
-- Neovim 0.7 has no window/showDocument: the server falls back to showMessage naming the report
vim.lsp.handlers["window/showMessage"] = function(_, result)
  table.insert(out.messages, result.message)
end
-- 0.8+ has it: recorded (not opened, so the current buffer stays the handler's)
vim.lsp.handlers["window/showDocument"] = function(_, result)
  table.insert(out.shown, result.uri)
  return { success = true }
end

local id = vim.lsp.start_client({
  cmd = vim.fn.json_decode(os.getenv("BA_SERVER")),
  root_dir = os.getenv("BA_ROOT"),
  name = "backend-architect",
  init_options = vim.fn.json_decode(os.getenv("BA_INIT")),
})
vim.lsp.buf_attach_client(0, id)
local handler_buf = vim.api.nvim_get_current_buf()
local uri = vim.uri_from_bufnr(handler_buf)

local function diagnostics(bufnr)
  local list = {}
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do
    table.insert(list, { code = d.code, lnum = d.lnum, col = d.col, end_lnum = d.end_lnum, end_col = d.end_col, message = d.message, source = d.source })
  end
  return list
end

local function wait_for(bufnr, pred, ms)
  return vim.wait(ms, function()
    for _, d in ipairs(vim.diagnostic.get(bufnr)) do
      if pred(d) then return true end
    end
    return false
  end, 50)
end

local function request(bufnr, method, params, ms)
  local res, err = vim.lsp.buf_request_sync(bufnr, method, params, ms)
  if err then table.insert(out.errors, method .. ": " .. tostring(err)) end
  for _, r in pairs(res or {}) do
    if r.err then table.insert(out.errors, method .. ": " .. vim.inspect(r.err)) end
    return r.result
  end
end

local function actions_at(bufnr, range)
  return request(bufnr, "textDocument/codeAction", {
    textDocument = { uri = vim.uri_from_bufnr(bufnr) },
    range = range,
    context = { diagnostics = {} },
  }, 10000) or {}
end

-- 1. the file's diagnostics, once the start-up index has linked the app's prefixes (lenses say so)
wait_for(handler_buf, function(d) return d.source == "backend-architect" end, 20000)
vim.wait(60000, function()
  -- polled: a slow answer here (a busy machine) is not an error, only a later one is
  local res = vim.lsp.buf_request_sync(handler_buf, "textDocument/codeLens", { textDocument = { uri = uri } }, 15000)
  for _, r in pairs(res or {}) do
    for _, l in ipairs(r.result or {}) do
      if l.command and l.command.title:find("/api/v1/", 1, true) then return true end
    end
  end
  return false
end, 200)
out.diagnostics_before = diagnostics(handler_buf)

-- 2. the code actions on the handler's name
local pos = { line = tonumber(os.getenv("BA_LINE")), character = tonumber(os.getenv("BA_COL")) }
local review
for _, a in ipairs(actions_at(handler_buf, { start = pos, ["end"] = pos })) do
  table.insert(out.actions, { title = a.title, kind = a.kind, command = a.command and a.command.command })
  if a.kind == "refactor.backend-architect.review" then review = a end
end

-- 3. "Review endpoint": the action's command, run the way Neovim runs it
if review then
  out.review = request(handler_buf, "workspace/executeCommand", review.command, 60000)
  local agent = function(d) return d.source == "backend-architect (agent)" end
  if not wait_for(handler_buf, agent, 10000) then
    -- Neovim 0.11 pulls diagnostics but has no workspace/diagnostic/refresh: it asks again on
    -- the next edit; this is that pull, through Neovim's own diagnostic handler
    out.repulled = true
    vim.lsp.buf_request(handler_buf, "textDocument/diagnostic", { textDocument = { uri = uri } })
    wait_for(handler_buf, agent, 10000)
  end
end
out.diagnostics_after_review = diagnostics(handler_buf)

-- 4. the agent's quick fix, applied to the buffer
for _, d in ipairs(vim.diagnostic.get(handler_buf)) do
  if d.source == "backend-architect (agent)" then
    local range = { start = { line = d.lnum, character = d.col }, ["end"] = { line = d.end_lnum, character = d.end_col } }
    for _, a in ipairs(actions_at(handler_buf, range)) do
      if a.kind == "quickfix" and a.edit and a.title:find("agent", 1, true) then
        out.agent_fix = a.title
        vim.lsp.util.apply_workspace_edit(a.edit, "utf-16")
        break
      end
    end
    break
  end
end
out.handler_lines = vim.api.nvim_buf_get_lines(handler_buf, 0, -1, false)

-- 5. a rule's quick fix in another file
vim.cmd("edit " .. vim.fn.fnameescape(os.getenv("BA_FIX_FILE")))
local fix_buf = vim.api.nvim_get_current_buf()
vim.lsp.buf_attach_client(fix_buf, id)
local code = os.getenv("BA_FIX_CODE")
wait_for(fix_buf, function(d) return d.code == code end, 20000)
for _, d in ipairs(vim.diagnostic.get(fix_buf)) do
  if d.code == code then
    local range = { start = { line = d.lnum, character = d.col }, ["end"] = { line = d.end_lnum, character = d.end_col } }
    for _, a in ipairs(actions_at(fix_buf, range)) do
      if a.kind == "quickfix" and a.edit then
        out.rule_fix = a.title
        vim.lsp.util.apply_workspace_edit(a.edit, "utf-16")
        break
      end
    end
    break
  end
end
out.fix_lines = vim.api.nvim_buf_get_lines(fix_buf, 0, -1, false)

io.stdout:write(vim.fn.json_encode(out) .. "\n")
vim.lsp.stop_client(id)
vim.cmd("qa!")
