--[[
Quarto-style callouts for plain pandoc: ::: {.callout-note title="..."} ... :::

Quarto renders callouts itself; the fallback renderer needs this filter so that a
callout still reads as a callout. A title comes from the `title` attribute, else
from a leading heading inside the div, else from the callout type ("Note").

HTML: <div class="callout callout-note" role="note"> holding a .callout-title div
and a .callout-body div, for styles.css to draw.
DOCX: a bold title paragraph first, and custom-style="Callout" on the content, so
the callout stays visibly distinct and a reference document can restyle it (the
renderer's reference document keeps a callout's paragraphs on one page).
Typst (PDF): a block that does not break across pages, its title in bold.
]]

local TYPES = {
  note = "Note",
  tip = "Tip",
  important = "Important",
  warning = "Warning",
  caution = "Caution",
}

-- Quarto-only options that mean nothing to pandoc's writers.
local QUARTO_ONLY = { "title", "collapse", "appearance", "icon" }

local function callout_type(div)
  for _, class in ipairs(div.classes) do
    local kind = class:match("^callout%-(%a+)$")
    if kind and TYPES[kind] then
      return kind
    end
  end
  return nil
end

-- The title attribute is Markdown, as in Quarto (e.g. title="The *key* finding").
local function parse_inlines(text)
  local blocks = pandoc.read(text, "markdown").blocks
  return pandoc.utils.blocks_to_inlines(blocks)
end

local function take_title(div, kind)
  local title = div.attributes["title"]
  if title and title ~= "" then
    return parse_inlines(title)
  end
  local first = div.content[1]
  if first and first.t == "Header" then
    div.content:remove(1)
    return first.content
  end
  return pandoc.Inlines({ pandoc.Str(TYPES[kind]) })
end

local function html_callout(div, kind, title)
  local classes = pandoc.List({ "callout", "callout-" .. kind })
  for _, class in ipairs(div.classes) do
    if not classes:includes(class) then
      classes:insert(class)
    end
  end
  div.classes = classes
  div.attributes["role"] = "note"
  div.content = pandoc.Blocks({
    pandoc.Div(pandoc.Plain(title), pandoc.Attr("", { "callout-title" })),
    pandoc.Div(div.content, pandoc.Attr("", { "callout-body" })),
  })
  return div
end

local function docx_callout(div, title)
  local content = pandoc.Blocks({ pandoc.Para({ pandoc.Strong(title) }) })
  content:extend(div.content)
  return pandoc.Div(content, pandoc.Attr(div.identifier, {}, { ["custom-style"] = "Callout" }))
end

function Div(div)
  local kind = callout_type(div)
  if not kind then
    return nil
  end
  local title = take_title(div, kind)
  for _, key in ipairs(QUARTO_ONLY) do
    div.attributes[key] = nil
  end
  if FORMAT:match("html") then
    return html_callout(div, kind, title)
  end
  if FORMAT == "docx" then
    return docx_callout(div, title)
  end
  if FORMAT == "typst" then
    local blocks = pandoc.Blocks({
      pandoc.RawBlock("typst", "#block(breakable: false, width: 100%)["),
      pandoc.Para({ pandoc.Strong(title) }),
    })
    blocks:extend(div.content)
    blocks:insert(pandoc.RawBlock("typst", "]"))
    return blocks
  end
  -- Any other writer: at least keep the title, in bold, ahead of the content.
  div.content:insert(1, pandoc.Para({ pandoc.Strong(title) }))
  return div
end
