package chorus.ratelimit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** Base of test classes that share one real Redis for all their tests (each test uses its own key prefix). */
abstract class SharedRedisTest {

  static TestRedis redis;

  @BeforeAll
  static void startRedis() {
    redis = new TestRedis();
  }

  @AfterAll
  static void stopRedis() {
    redis.close();
  }
}
