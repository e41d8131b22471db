-- :BackendArchitectRoutes[!]: every route in the quickfix list (with !, only the current file's).
vim.api.nvim_create_user_command("BackendArchitectRoutes", function(cmd)
  require("backend_architect.routes").quickfix({ file = cmd.bang })
end, { bang = true, desc = "backend-architect: routes to the quickfix list" })
