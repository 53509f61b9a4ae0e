// serve.hpp: `pubpipe serve`: the book in a browser while it is edited.
#pragma once

#include <string>

#include "watch.hpp"

namespace pubpipe {

struct ServeConfig {
  WatchConfig watch;
  std::string host = "127.0.0.1";
  int port = 8000;
};

// Serves the book built by watch_pipeline until SIGINT or SIGTERM ends the
// process; returns 2 when the address cannot be bound.
int serve_pipeline(ServeConfig config);

}  // namespace pubpipe
