#pragma once
// BoundedQueue: a hand-over between a producer thread and a consumer thread
// that keeps at most `capacity` items waiting, so that a fast producer cannot
// fill memory. Either side can end the exchange: the producer closes it (the
// consumer drains what is left, then pop() returns nothing), the consumer
// cancels it (push() refuses, and a blocked push() returns at once).
//
// Thread safety: every member may be called from any thread.

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <mutex>
#include <optional>

namespace pft {

template <typename T>
class BoundedQueue {
 public:
  explicit BoundedQueue(std::size_t capacity) : capacity_(capacity == 0 ? 1 : capacity) {}

  // Waits for room, then queues `item`. False (and `item` dropped) when the
  // queue was cancelled or closed.
  bool push(T item) {
    std::unique_lock<std::mutex> lock(mu_);
    room_.wait(lock, [&] { return items_.size() < capacity_ || cancelled_ || closed_; });
    if (cancelled_ || closed_) return false;
    items_.push_back(std::move(item));
    ready_.notify_one();
    return true;
  }

  // Waits until push() would not wait. False when the queue was cancelled
  // or closed. A producer that calls it before building its next item keeps
  // at most `capacity` items alive besides the one the consumer holds.
  bool waitForRoom() {
    std::unique_lock<std::mutex> lock(mu_);
    room_.wait(lock, [&] { return items_.size() < capacity_ || cancelled_ || closed_; });
    return !cancelled_ && !closed_;
  }

  // Waits for an item. Nothing once the queue is closed and drained, or
  // cancelled (items still queued then are dropped).
  std::optional<T> pop() {
    std::unique_lock<std::mutex> lock(mu_);
    ready_.wait(lock, [&] { return !items_.empty() || closed_ || cancelled_; });
    if (cancelled_ || items_.empty()) return std::nullopt;
    T item = std::move(items_.front());
    items_.pop_front();
    room_.notify_one();
    return item;
  }

  // The producer is done: pop() returns what is queued, then nothing.
  void close() {
    std::lock_guard<std::mutex> lock(mu_);
    closed_ = true;
    ready_.notify_all();
    room_.notify_all();
  }

  // The consumer gives up: push() refuses from now on, pop() returns nothing.
  void cancel() {
    std::lock_guard<std::mutex> lock(mu_);
    cancelled_ = true;
    items_.clear();
    ready_.notify_all();
    room_.notify_all();
  }

 private:
  const std::size_t capacity_;
  std::mutex mu_;
  std::condition_variable room_;
  std::condition_variable ready_;
  std::deque<T> items_;
  bool closed_ = false;
  bool cancelled_ = false;
};

}  // namespace pft
