import Contract
import ProxmoxAPI
import Testing

@Suite("Migration options")
struct MigrationOptionsChoiceTests {
    @Test("a running VM moves live, with its local disks when it has some")
    func runningVM() {
        #expect(MigrationOptionsChoice.options(type: .qemu, running: true, hasLocalDisks: false) == PVEMigrateOptions(online: true))
        #expect(
            MigrationOptionsChoice.options(type: .qemu, running: true, hasLocalDisks: true)
                == PVEMigrateOptions(online: true, withLocalDisks: true))
    }

    @Test("a running container restarts; containers never get online")
    func runningContainer() {
        let options = MigrationOptionsChoice.options(type: .lxc, running: true, hasLocalDisks: true)
        #expect(options == PVEMigrateOptions(restart: true))
        #expect(options.online == nil)
    }

    @Test("an admin's offline request is passed on for a running VM")
    func offlineOverride() {
        #expect(MigrationOptionsChoice.options(type: .qemu, running: true, hasLocalDisks: false, online: false).online == false)
        #expect(MigrationOptionsChoice.options(type: .qemu, running: false, hasLocalDisks: false).online == false)
    }
}
