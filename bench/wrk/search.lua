-- wrk script: /api/search with queries taken in turn from a file of real exhibitor
-- names (one per line, URL-encoded), so every request is a different search.
local queries = {}
for line in io.lines(os.getenv("QUERIES")) do queries[#queries + 1] = line end
local i = 0
request = function()
  i = i + 1
  return wrk.format("GET", "/api/search?q=" .. queries[(i % #queries) + 1])
end
dofile(os.getenv("P95_LUA"))
