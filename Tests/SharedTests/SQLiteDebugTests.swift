import Shared
import Testing

struct SQLiteDebugTests {
    struct Boom: Error {}
    @Test func debug3() throws {
        try SQLiteTest.withDatabase { database, _ in
            try database.execute("CREATE TABLE t (x INTEGER)")
            #expect(throws: Boom.self) {
                try database.transaction { () throws -> Void in
                    print("DBG in first body")
                    throw Boom()
                }
            }
            print("DBG 3a")
            try database.transaction { print("DBG in second body"); try database.execute("INSERT INTO t VALUES (1)") }
            print("DBG 3b")
        }
    }
    @Test func debug4() throws {
        try SQLiteTest.withDatabase { database, _ in
            try database.execute("CREATE TABLE t (x INTEGER)")
            do {
                try database.transaction { () throws -> Void in
                    print("DBG in first body 4")
                    throw Boom()
                }
            } catch { print("DBG caught 4") }
            print("DBG 4a")
            try database.transaction { print("DBG in second body 4"); try database.execute("INSERT INTO t VALUES (1)") }
            print("DBG 4b")
        }
    }
}
