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

    @Test("a stopped guest moves offline: no online, no restart, no with-local-disks; its mode says offline")
    func stoppedGuests() {
        let vm = MigrationOptionsChoice.options(type: .qemu, running: false, hasLocalDisks: true)
        #expect(vm == PVEMigrateOptions(online: false))
        #expect(vm.mode == .offline)
        let container = MigrationOptionsChoice.options(type: .lxc, running: false, hasLocalDisks: true)
        #expect(container == PVEMigrateOptions())
        #expect(container.mode == .offline)
        #expect(MigrationOptionsChoice.options(type: .qemu, running: true, hasLocalDisks: true).mode == .online)
        #expect(MigrationOptionsChoice.options(type: .lxc, running: true, hasLocalDisks: false).mode == .restart)
    }
}
