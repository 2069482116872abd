#include "pft/core/bounded_queue.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <memory>
#include <thread>
#include <vector>

namespace pft {
namespace {

TEST(BoundedQueue, DeliversEveryItemInOrderThenEndsWhenClosed) {
  BoundedQueue<std::unique_ptr<int>> queue(2);
  std::vector<int> got;
  std::thread consumer([&] {
    while (auto item = queue.pop()) got.push_back(**item);
  });
  for (int i = 0; i < 1000; ++i) ASSERT_TRUE(queue.push(std::make_unique<int>(i)));
  queue.close();
  consumer.join();
  ASSERT_EQ(got.size(), 1000u);
  for (int i = 0; i < 1000; ++i) EXPECT_EQ(got[static_cast<std::size_t>(i)], i);
}

TEST(BoundedQueue, ProducerWaitsWhileTheQueueIsFull) {
  BoundedQueue<int> queue(2);
  ASSERT_TRUE(queue.push(1));
  ASSERT_TRUE(queue.push(2));
  std::atomic<bool> third_in{false};
  std::thread producer([&] {
    EXPECT_TRUE(queue.push(3));
    third_in = true;
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  EXPECT_FALSE(third_in.load()) << "push() must wait for room";
  EXPECT_EQ(queue.pop(), 1);
  producer.join();
  EXPECT_TRUE(third_in.load());
  EXPECT_EQ(queue.pop(), 2);
  EXPECT_EQ(queue.pop(), 3);
}

TEST(BoundedQueue, WaitForRoomReturnsOnceTheConsumerTookTheItem) {
  BoundedQueue<int> queue(1);
  ASSERT_TRUE(queue.waitForRoom()) << "an empty queue has room";
  ASSERT_TRUE(queue.push(1));
  std::atomic<bool> room{false};
  std::thread producer([&] { room = queue.waitForRoom(); });
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  EXPECT_FALSE(room.load()) << "waitForRoom() must wait while the queue is full";
  EXPECT_EQ(queue.pop(), 1);
  producer.join();
  EXPECT_TRUE(room.load());
  queue.cancel();
  EXPECT_FALSE(queue.waitForRoom()) << "a cancelled queue has no room";
}

TEST(BoundedQueue, CancelReleasesABlockedProducerAndRefusesMore) {
  BoundedQueue<int> queue(1);
  ASSERT_TRUE(queue.push(1));
  std::atomic<int> refused{0};
  std::thread producer([&] {
    if (!queue.push(2)) ++refused;
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(20));
  queue.cancel();
  producer.join();
  EXPECT_EQ(refused.load(), 1);
  EXPECT_FALSE(queue.push(3));
  EXPECT_EQ(queue.pop(), std::nullopt) << "a cancelled queue hands nothing out";
}

TEST(BoundedQueue, CloseLetsTheConsumerDrainWhatIsQueued) {
  BoundedQueue<int> queue(4);
  ASSERT_TRUE(queue.push(7));
  ASSERT_TRUE(queue.push(8));
  queue.close();
  EXPECT_FALSE(queue.push(9)) << "nothing goes in after close()";
  EXPECT_EQ(queue.pop(), 7);
  EXPECT_EQ(queue.pop(), 8);
  EXPECT_EQ(queue.pop(), std::nullopt);
}

}  // namespace
}  // namespace pft
