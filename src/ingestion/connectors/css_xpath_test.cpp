#include <gtest/gtest.h>

#include <sstream>
#include <string>
#include <vector>

#include "connectors/test_util.hpp"
#include "pft/ingestion/connectors.hpp"

namespace pft::ingestion {
namespace {

std::vector<std::string> splitTabs(const std::string& line) {
  std::vector<std::string> cols;
  std::size_t start = 0;
  while (true) {
    std::size_t tab = line.find('\t', start);
    cols.push_back(line.substr(start, tab == std::string::npos ? std::string::npos : tab - start));
    if (tab == std::string::npos) break;
    start = tab + 1;
  }
  return cols;
}

TEST(CssToXPath, TableOfSelectors) {
  std::istringstream in(testing::dataFile("css_xpath.tsv"));
  std::string line;
  int cases = 0;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    auto cols = splitTabs(line);
    ASSERT_EQ(cols.size(), 4u) << line;
    ++cases;
    auto r = cssToXPath(cols[0], cols[1] == "1");
    if (cols[2] == "!InvalidArgument") {
      ASSERT_FALSE(r.has_value()) << cols[3] << ": " << cols[0] << " gave " << (r ? *r : "");
      EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument);
      EXPECT_NE(r.error().message.find("CSS selector"), std::string::npos);
    } else {
      ASSERT_TRUE(r.has_value()) << cols[3] << ": " << r.error().message;
      EXPECT_EQ(*r, cols[2]) << cols[3];
    }
  }
  EXPECT_GE(cases, 20);
}

TEST(CssToXPath, RecognisesXPath) {
  EXPECT_TRUE(isXPathSelector("//div[@class='x']"));
  EXPECT_TRUE(isXPathSelector("./td[2]"));
  EXPECT_TRUE(isXPathSelector("../a/@href"));
  EXPECT_TRUE(isXPathSelector("(//a)[1]"));
  EXPECT_TRUE(isXPathSelector("normalize-space(.//h3)"));
  EXPECT_TRUE(isXPathSelector("descendant::h3"));
  EXPECT_FALSE(isXPathSelector(".event-title"));
  EXPECT_FALSE(isXPathSelector("div.event > a"));
  EXPECT_FALSE(isXPathSelector("#agenda"));
}

TEST(FieldSelectorSyntax, SplitsTheAttribute) {
  auto a = parseFieldSelector("a.details@href");
  EXPECT_EQ(a.selector, "a.details");
  EXPECT_EQ(a.attr, "href");
  auto b = parseFieldSelector("@data-id");
  EXPECT_EQ(b.selector, "");
  EXPECT_EQ(b.attr, "data-id");
  auto c = parseFieldSelector("./a/@href");
  EXPECT_EQ(c.selector, "./a/@href");
  EXPECT_EQ(c.attr, "");
  auto d = parseFieldSelector("a[title=x@y]");
  EXPECT_EQ(d.selector, "a[title=x@y]");
  EXPECT_EQ(d.attr, "");
  auto e = parseFieldSelector(" time @ datetime ");
  EXPECT_EQ(e.selector, "time");
  EXPECT_EQ(e.attr, "datetime");
}

}  // namespace
}  // namespace pft::ingestion
