# Every file of web/ that the pft binary embeds (src/web/CMakeLists.txt),
# paths relative to web/. Listed by hand: a new file is one visible line.
set(PFT_WEB_FILES
  templates/partials/head.mustache
  templates/partials/footer.mustache
  templates/partials/card_item.mustache
  templates/partials/day_list.mustache
  templates/partials/filter_form.mustache
  templates/partials/minimap_block.mustache
  templates/partials/address_block.mustache
  templates/list.mustache
  templates/tournament.mustache
  templates/venue.mustache
  templates/map.mustache
  templates/error.mustache
  templates/about.mustache
  templates/legal.mustache
  templates/privacy.mustache
  static/site.css
  static/site.js
  static/favicon.svg
)
