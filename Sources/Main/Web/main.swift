import Foundation
import ServiceRuntime
import WebSvc

// pb-web: the web console (see docs/web-console.md). `pb-web user add NAME --role ROLE --file
// PATH` adds an account to the users file instead.
if CommandLine.arguments.dropFirst().first == "user" {
    exit(UserCommand.run(Array(CommandLine.arguments.dropFirst(2))))
}
exit(await ServiceProcess.run(WebProgram()))
