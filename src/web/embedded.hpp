#pragma once
// The files of web/ (templates and static assets) embedded in the binary at
// build time (embed_files.cmake). Private to the web module.

#include <string_view>
#include <vector>

namespace pft::web {

struct EmbeddedFile {
  std::string_view path;   // relative to web/: "templates/list.mustache", "static/site.css"
  std::string_view bytes;  // the file's content
};

const std::vector<EmbeddedFile>& embeddedFiles();

}  // namespace pft::web
