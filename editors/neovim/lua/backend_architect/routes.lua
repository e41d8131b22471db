-- The quickfix list from `backendArchitect/routes` (docs/editors.md): one entry per route and
-- GraphQL operation, at its handler's name, "GET /path  [app > router > prefix]  auth · findings".
-- Works with Neovim 0.7 and later.
local M = {}

local function server_client(bufnr)
  local clients = vim.lsp.get_clients and vim.lsp.get_clients({ bufnr = bufnr })
    or vim.lsp.buf_get_clients(bufnr)
  for _, client in pairs(clients) do
    if client.name == "backend_architect" or client.name == "backend-architect" then
      return client
    end
  end
  return nil
end

--- One quickfix item for a route of the result.
function M.item(route, offset_encoding)
  local item = vim.lsp.util.locations_to_items({ { uri = route.uri, range = route.range } }, offset_encoding)[1]
  local auth = #route.auth > 0 and ("auth: " .. table.concat(route.auth, ", ")) or "no auth"
  local findings = route.findings == 1 and "1 finding" or (route.findings .. " findings")
  item.text = string.format("%s %s  [%s]  %s · %s", route.method, route.path, table.concat(route.group, " > "), auth, findings)
  return item
end

--- Fill the quickfix list with the routes (`opts.file`: only those whose handler is in the
--- current buffer) and open it. `opts.on_done(count)` runs once the list is filled.
function M.quickfix(opts)
  opts = opts or {}
  local bufnr = vim.api.nvim_get_current_buf()
  local client = server_client(bufnr)
  if not client then
    vim.notify("backend-architect is not attached to this buffer", vim.log.levels.WARN)
    return
  end
  local params = opts.file and { textDocument = { uri = vim.uri_from_bufnr(bufnr) } } or vim.empty_dict()
  local request = vim.fn.has("nvim-0.11") == 1 and function(...) return client:request(...) end or client.request
  request("backendArchitect/routes", params, function(err, result)
    if err then
      vim.notify("backendArchitect/routes: " .. (err.message or vim.inspect(err)), vim.log.levels.ERROR)
      return
    end
    local items = {}
    for _, route in ipairs(result.routes) do
      table.insert(items, M.item(route, client.offset_encoding or "utf-16"))
    end
    vim.fn.setqflist({}, " ", { title = "backend-architect routes", items = items })
    if opts.open ~= false then
      vim.cmd("copen")
    end
    if opts.on_done then
      opts.on_done(#items)
    end
  end, bufnr)
end

return M
