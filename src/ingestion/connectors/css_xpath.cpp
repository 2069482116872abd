// CSS -> XPath 1.0 for the simple selectors operators write in the catalog.

#include <string>
#include <string_view>
#include <vector>

#include "pft/ingestion/connectors.hpp"

namespace pft::ingestion {

namespace {

bool isIdentChar(char c) {
  auto u = static_cast<unsigned char>(c);
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_' ||
         u >= 0x80;
}

// An XPath 1.0 string literal for `s` (concat() when it holds both quotes).
std::string xpathLiteral(std::string_view s) {
  if (s.find('\'') == std::string_view::npos) return "'" + std::string(s) + "'";
  if (s.find('"') == std::string_view::npos) return "\"" + std::string(s) + "\"";
  std::string out = "concat(";
  std::size_t start = 0;
  bool first = true;
  while (start <= s.size()) {
    std::size_t q = s.find('\'', start);
    std::string_view part = s.substr(start, q == std::string_view::npos ? std::string_view::npos : q - start);
    if (!first) out += ",";
    out += "'" + std::string(part) + "'";
    first = false;
    if (q == std::string_view::npos) break;
    out += ",\"'\"";
    start = q + 1;
  }
  return out + ")";
}

class CssTranslator {
 public:
  CssTranslator(std::string_view css, bool relative) : css_(css), relative_(relative) {}

  Result<std::string> run() {
    std::vector<std::string> alternatives;
    while (true) {
      skipSpaces();
      auto one = complexSelector();
      if (!one) return one.error();
      alternatives.push_back(std::move(*one));
      skipSpaces();
      if (pos_ >= css_.size()) break;
      if (css_[pos_] != ',') return fail("expected ',' or the end");
      ++pos_;
    }
    std::string out;
    for (std::size_t i = 0; i < alternatives.size(); ++i) {
      if (i > 0) out += " | ";
      out += alternatives[i];
    }
    return out;
  }

 private:
  Error fail(std::string_view what) const {
    std::string msg = "CSS selector '" + std::string(css_) + "': " + std::string(what) + " at position " +
                      std::to_string(pos_ + 1);
    if (pos_ < css_.size()) msg += " ('" + std::string(1, css_[pos_]) + "')";
    msg += "; supported: tag, .class, #id, [attr], [attr=value], descendant ' ' and child '>', or write XPath";
    return makeError(ErrorCode::kInvalidArgument, std::move(msg));
  }

  void skipSpaces() {
    while (pos_ < css_.size() && (css_[pos_] == ' ' || css_[pos_] == '\t' || css_[pos_] == '\n')) ++pos_;
  }

  std::string ident() {
    std::size_t start = pos_;
    while (pos_ < css_.size() && isIdentChar(css_[pos_])) ++pos_;
    return std::string(css_.substr(start, pos_ - start));
  }

  Result<std::string> complexSelector() {
    std::string out = relative_ ? ".//" : "//";
    bool first = true;
    while (true) {
      skipSpaces();
      if (pos_ >= css_.size() || css_[pos_] == ',') {
        if (first) return fail("empty selector");
        return out;
      }
      if (!first) {
        // Combinator: '>' is child, plain whitespace (already skipped) descendant.
        if (css_[pos_] == '>') {
          ++pos_;
          skipSpaces();
          out += "/";
        } else {
          out += "//";
        }
      } else if (css_[pos_] == '>') {
        // "> a" relative to the item: direct children.
        ++pos_;
        skipSpaces();
        out = relative_ ? "./" : "/";
      }
      auto step = compound();
      if (!step) return step.error();
      out += *step;
      first = false;
    }
  }

  Result<std::string> compound() {
    std::string tag = "*";
    std::string preds;
    bool any = false;
    if (pos_ < css_.size() && css_[pos_] == '*') {
      ++pos_;
      any = true;
    } else if (pos_ < css_.size() && isIdentChar(css_[pos_])) {
      tag = ident();
      any = true;
    }
    while (pos_ < css_.size()) {
      char c = css_[pos_];
      if (c == '.') {
        ++pos_;
        std::string cls = ident();
        if (cls.empty()) return fail("class name expected");
        preds += "[contains(concat(' ', normalize-space(@class), ' '), " + xpathLiteral(" " + cls + " ") + ")]";
      } else if (c == '#') {
        ++pos_;
        std::string id = ident();
        if (id.empty()) return fail("id expected");
        preds += "[@id=" + xpathLiteral(id) + "]";
      } else if (c == '[') {
        ++pos_;
        auto p = attributeTest();
        if (!p) return p.error();
        preds += *p;
      } else if (c == ' ' || c == '\t' || c == '\n' || c == '>' || c == ',') {
        break;
      } else {
        return fail("unsupported character");
      }
      any = true;
    }
    if (!any) return fail("selector expected");
    return tag + preds;
  }

  Result<std::string> attributeTest() {
    skipSpaces();
    std::string name = ident();
    if (name.empty()) return fail("attribute name expected");
    skipSpaces();
    if (pos_ < css_.size() && css_[pos_] == ']') {
      ++pos_;
      return "[@" + name + "]";
    }
    std::string op;
    if (pos_ < css_.size() && css_[pos_] == '=') {
      op = "=";
      ++pos_;
    } else if (pos_ + 1 < css_.size() && css_[pos_ + 1] == '=' &&
               (css_[pos_] == '~' || css_[pos_] == '^' || css_[pos_] == '*' || css_[pos_] == '$' ||
                css_[pos_] == '|')) {
      op = std::string(1, css_[pos_]) + "=";
      pos_ += 2;
    } else {
      return fail("'=' or ']' expected in attribute test");
    }
    skipSpaces();
    std::string value;
    if (pos_ < css_.size() && (css_[pos_] == '"' || css_[pos_] == '\'')) {
      char quote = css_[pos_++];
      std::size_t end = css_.find(quote, pos_);
      if (end == std::string_view::npos) return fail("unterminated quoted value");
      value = std::string(css_.substr(pos_, end - pos_));
      pos_ = end + 1;
    } else {
      value = ident();
      if (value.empty()) return fail("attribute value expected");
    }
    skipSpaces();
    if (pos_ >= css_.size() || css_[pos_] != ']') return fail("']' expected");
    ++pos_;
    std::string attr = "@" + name;
    std::string lit = xpathLiteral(value);
    if (op == "=") return "[" + attr + "=" + lit + "]";
    if (op == "~=")
      return "[contains(concat(' ', normalize-space(" + attr + "), ' '), " + xpathLiteral(" " + value + " ") + ")]";
    if (op == "^=") return "[starts-with(" + attr + ", " + lit + ")]";
    if (op == "*=") return "[contains(" + attr + ", " + lit + ")]";
    if (op == "|=") return "[" + attr + "=" + lit + " or starts-with(" + attr + ", " + xpathLiteral(value + "-") + ")]";
    // $=
    return "[substring(" + attr + ", string-length(" + attr + ") - " + std::to_string(value.size() - 1) + ")=" +
           lit + "]";
  }

  std::string_view css_;
  bool relative_;
  std::size_t pos_ = 0;
};

}  // namespace

bool isXPathSelector(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  if (s.empty()) return false;
  if (s.front() == '/' || s.front() == '(') return true;
  if (s.size() >= 2 && s[0] == '.' && (s[1] == '/' || s[1] == '.')) return true;
  if (s == ".") return true;
  if (s.find("::") != std::string_view::npos) return true;
  // A function call such as string(...), normalize-space(...), concat(...).
  std::size_t i = 0;
  while (i < s.size() && ((s[i] >= 'a' && s[i] <= 'z') || s[i] == '-')) ++i;
  return i > 0 && i < s.size() && s[i] == '(';
}

Result<std::string> cssToXPath(std::string_view css, bool relative) {
  return CssTranslator(css, relative).run();
}

}  // namespace pft::ingestion
