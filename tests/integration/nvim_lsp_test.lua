-- Headless Neovim (Debian's 0.7) as a writer using `docpipe lsp`: open a Markdown file, a plain
-- text file and a broken docpipe.toml, wait for the diagnostics, check rule ids and ranges (byte
-- columns after Neovim's own UTF-16 conversion), hover, pick "disable on this line" through
-- vim.lsp.buf.code_action() and see the finding go. Run by ctest:
--   DOCPIPE_BIN=build/host/docpipe nvim --headless --clean -c "luafile tests/integration/nvim_lsp_test.lua"
local bin = assert(os.getenv("DOCPIPE_BIN"), "DOCPIPE_BIN must name the docpipe binary")
local failures = 0

local function log(msg)
  io.stderr:write(msg .. "\n")
end
local function check(cond, msg)
  if not cond then
    log("FAIL: " .. msg)
    failures = failures + 1
  end
  return cond
end

local root = vim.fn.tempname()
vim.fn.mkdir(root .. "/broken", "p")
local function write(path, text)
  local f = assert(io.open(path, "w"))
  f:write(text)
  f:close()
end

local exit_code
local client_id = vim.lsp.start_client({
  name = "docpipe",
  cmd = { bin, "lsp" },
  root_dir = root,
  init_options = { debounce = 100 },
  on_exit = function(code)
    exit_code = code
  end,
})
assert(client_id, "the docpipe language server did not start")

local function diagnostics(buf)
  local out = {}
  for _, d in ipairs(vim.diagnostic.get(buf)) do
    local raw = (d.user_data and d.user_data.lsp) or {}
    table.insert(out, { code = d.code or raw.code, lnum = d.lnum, col = d.col, end_col = d.end_col, message = d.message })
  end
  return out
end

local function find(ds, code)
  for _, d in ipairs(ds) do
    if d.code == code then
      return d
    end
  end
end

local function codes(ds)
  local out = {}
  for _, d in ipairs(ds) do
    table.insert(out, tostring(d.code))
  end
  table.sort(out)
  return table.concat(out, ",")
end

local function wait_for(buf, what, pred)
  local ok = vim.wait(30000, function()
    return pred(diagnostics(buf))
  end, 20)
  check(ok, "timed out waiting for " .. what .. " (have: " .. codes(diagnostics(buf)) .. ")")
  return diagnostics(buf)
end

local function open(path)
  vim.cmd("edit " .. vim.fn.fnameescape(path))
  local buf = vim.api.nvim_get_current_buf()
  vim.lsp.buf_attach_client(buf, client_id)
  return buf
end

-- Picks the code action whose title is wanted, as a person choosing it from the menu would.
local function run_code_action(buf, line, title)
  vim.api.nvim_win_set_cursor(0, { line + 1, 0 })
  local chosen = false
  vim.ui.select = function(items, opts, on_choice)
    for i, item in ipairs(items) do
      local action = item[2] or item.action or item
      if action.title == title then
        chosen = true
        return on_choice(item, i)
      end
    end
    on_choice(nil, nil)
  end
  vim.lsp.buf.code_action()
  vim.wait(5000, function()
    return chosen
  end, 20)
  check(chosen, "no code action titled '" .. title .. "'")
end

local claim = "\u{201C}Quotes\u{201D} \u{2014} and \u{1F389} emoji. Unemployment fell by 12% in 2023."
local long = "The team said that the shop on the hill and the shop by the sea and the shop in the town and the shop "
  .. "near the old mill all did well in the long hot summer that we had last year when the rain did not come."

-- 1. Markdown: a claim after curly quotes, a dash and an emoji; a long sentence.
write(root .. "/doc.md", "# Title\n\n" .. claim .. "\n\n" .. long .. "\n")
local md = open(root .. "/doc.md")
check(vim.bo[md].filetype == "markdown", "doc.md has filetype " .. vim.bo[md].filetype)
local ds = wait_for(md, "Markdown diagnostics", function(d)
  return find(d, "claims/statistical") and find(d, "readability/long-sentence")
end)
local stat = find(ds, "claims/statistical")
if check(stat, "no claims/statistical in doc.md") then
  -- "“Quotes” — and 🎉 emoji. " is 33 bytes; the claim 33 more.
  check(stat.lnum == 2 and stat.col == 33 and stat.end_col == 66,
    string.format("claims/statistical at %d:%d-%s, expected 2:33-66 (bytes)", stat.lnum, stat.col, tostring(stat.end_col)))
end
local longs = find(ds, "readability/long-sentence")
if check(longs, "no readability/long-sentence in doc.md") then
  check(longs.lnum == 4 and longs.col == 0, string.format("long sentence at %d:%d", longs.lnum, longs.col))
end
local hover = vim.lsp.buf_request_sync(md, "textDocument/hover", {
  textDocument = { uri = vim.uri_from_bufnr(md) },
  position = { line = 4, character = 3 },
}, 10000)
local hover_text = ""
for _, r in pairs(hover or {}) do
  if r.result then
    hover_text = hover_text .. r.result.contents.value
  end
end
check(hover_text:find("readability/long-sentence", 1, true) and hover_text:find("- words: 47", 1, true),
  "hover on the long sentence: " .. hover_text)
run_code_action(md, 4, "Disable readability/long-sentence on this line")
ds = wait_for(md, "the long sentence to be silenced in doc.md", function(d)
  return not find(d, "readability/long-sentence") and find(d, "claims/statistical")
end)
check(vim.api.nvim_buf_get_lines(md, 4, 5, false)[1] == "<!-- docpipe-disable-next-line readability/long-sentence -->",
  "doc.md line 5 is " .. tostring(vim.api.nvim_buf_get_lines(md, 4, 5, false)[1]))

-- 2. Plain text: the same, with the comment as a line of its own.
write(root .. "/notes.txt", "First line.\n" .. claim .. "\n\n" .. long .. "\n")
local txt = open(root .. "/notes.txt")
ds = wait_for(txt, "plain-text diagnostics", function(d)
  return find(d, "claims/statistical") and find(d, "readability/long-sentence")
end)
stat = find(ds, "claims/statistical")
check(stat and stat.lnum == 1 and stat.col == 33 and stat.end_col == 66, "claims/statistical in notes.txt misplaced")
run_code_action(txt, 3, "Disable readability/long-sentence on this line")
wait_for(txt, "the long sentence to be silenced in notes.txt", function(d)
  return not find(d, "readability/long-sentence") and find(d, "claims/statistical")
end)
check(vim.api.nvim_buf_get_lines(txt, 3, 4, false)[1] == "docpipe-disable-next-line readability/long-sentence",
  "notes.txt line 4 is " .. tostring(vim.api.nvim_buf_get_lines(txt, 3, 4, false)[1]))

-- 3. A broken docpipe.toml: its error at line:column with a "did you mean"; the document under it
-- says its pipeline is invalid; fixing the name in the buffer brings the findings back.
write(root .. "/broken/docpipe.toml", '[[analyzers]]\nplugin = "segment"\n\n[[analyzers]]\nplugin = "readabilty"\n')
write(root .. "/broken/a.md", long .. "\n")
local a = open(root .. "/broken/a.md")
wait_for(a, "the invalid-pipeline diagnostic in a.md", function(d)
  return #d == 1 and d[1].message:find("is invalid", 1, true) ~= nil
end)
local toml = open(root .. "/broken/docpipe.toml")
ds = wait_for(toml, "docpipe.toml diagnostics", function(d)
  return #d > 0
end)
check(#ds == 1 and ds[1].lnum == 4 and ds[1].col == 9, "docpipe.toml error misplaced: " .. vim.inspect(ds))
check(ds[1] and ds[1].message:find("did you mean 'readability'", 1, true), "no 'did you mean': " .. vim.inspect(ds))
vim.api.nvim_buf_set_lines(toml, 4, 5, false, { 'plugin = "readability"' })
wait_for(toml, "docpipe.toml to be clean", function(d)
  return #d == 0
end)
wait_for(a, "a.md to run with the fixed pipeline", function(d)
  return find(d, "readability/long-sentence") ~= nil
end)

-- shutdown and exit, as Neovim sends them on leaving: the server exits 0.
vim.lsp.stop_client(client_id)
vim.wait(10000, function()
  return exit_code ~= nil
end, 20)
check(exit_code == 0, "the server exited with " .. tostring(exit_code))

vim.fn.delete(root, "rf")
if failures == 0 then
  log("nvim_lsp_test: all checks passed")
  vim.cmd("qa!")
else
  log("nvim_lsp_test: " .. failures .. " check(s) failed")
  vim.cmd("cquit 1")
end
