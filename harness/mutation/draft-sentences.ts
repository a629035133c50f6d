/** The draft's sentences the device operators are derived from, quoted (typos and all) from oma-dm-2.0-draft. */

export const HTTPS = "When the device connects to the servers URL it MUST use HTTPS"; // 5.3
export const CERTIFICATE =
  "… and verify that the certificate that is used is a valid one for managing that device. If not valid the client MUST disconnect to the server."; // 5.3
export const SEND_DEVDETAIL = "<send-devdetail>::= 1*BIT Send DevDetail in Pkg#1 if value = 1"; // Table 1
export const PKG1_HEADERS =
  "The clients request to the server MUST contain the following HTTP Headers: Content-Type application/tnds20; Accept application/dm20; application/tnds20. Any additional Accept header is valid; X-OMADMDeviceID Unique identifier of the device, for example: IMEI:01234567890123"; // 5.4, Table 2
export const PKG1_BODY =
  "The clients HTTP Body MUST contain a TNDS20 document with only the following content: JSON encoded DevInfo; JSON encoded list of Generic Alerts …; JSON encoded list of supported MOs … if this was requested in the notification message."; // 5.4
export const PKG1_MO_LIST =
  "JSON encoded list of supported MOs in the device that that server has access rights to if this was requested in the notification message. In addition to that a list of device URI MUST be included for each instance of all MOs if that also was requested in the notification message."; // 5.4
export const END_EXECUTE =
  "In this case the client MUST execute all commands but after that the session is closed."; // 5.5
export const END_NO_CONNECT =
  "If the command “END” is present the client MUST NOT connect back to the server and send status for last commands and request new commands."; // 5.5
export const SAME_URL =
  "The client MUST continue to send new HTTP POST to the same URL (Unless otherwise specified by the server) until the client has received the END Command."; // 5.6
export const STATUS_HEADERS =
  "The clients request to the server MUST contain the following HTTP Headers: Content-Type application/dm20status; Accept application/dm20; application/tnds20; X-OMADMDeviceID Unique identifier of the device"; // 5.6, Table 4
export const STATUS_CRLF =
  "The HTTP Body MUST be a multi line string there each status is separated with <CR><LF> character."; // 5.6
export const STATUS_MSGID =
  "The first line MUST be: “MsgID <MesssageID>” there <MessageID> has the same value as the MessageID that was in the response from the server for these commands."; // 5.6
export const STATUS_CODE =
  "<StatusCode> MUST be a string format of the integer value of the result code of the command that was executed by the device."; // 5.6
export const STATUS_ORDER = "The Status MUST be reported in the same order as the corresponding commands."; // 5.6
export const UNRECOGNISED =
  "All unrecognized commands MUST result in status code xxx “Optional Feature Not Supported”"; // 5.8
export const INDEPENDENT = "Every command is executed independent of previous one in sequence."; // 5.8
export const GET =
  "The Client MUST send a HTTP GET to ServerURI to retrieve an MO or a subpart of an MO. If ClientURI is not included then the Client MUST return the new location as Param1 in the status reporting. If ClientURI is specified then the client MUST try to store the retrieved MO at that location and replace all existing data if any."; // 5.8 GET
export const PUT_POST =
  "The client MUST create one TNDS20 object containing all ClientURI’s and send it to the server as HTTP PUT respectively as HTTP POST."; // 5.8 PUT/POST
export const LEVELS_DEFAULT =
  "Default is all childe nodes MUST be included if the Levels parameter is not included."; // 5.8 PUT/POST
export const LEVELS =
  "The ClientURI’s may contain the query “Levels=n” then the client will only include n sublevels of childe nodes."; // 5.8 PUT/POST
export const STAR =
  "If the ClientURI is “*” (star character) then all supported MOID that the server has access right to MUST be returned. In addition to that if the Levels=1 parameter is included the all MO instances MUST also be included."; // 5.8 PUT/POST
export const DELETE =
  "The client MUST delete the node at the location ClientURI in the device and all childe nodes to that one."; // 5.8 DELETE
export const EXEC =
  "The Client MUST perform the EXEC operation on the node at the location ClientURI. If that MO does not specify which server to report the Generic Alert then the device MUST send the Generic Alert to ServerURI."; // 5.8 EXEC
export const SHOW =
  "If supported by the Client then the Client MUST show a WebBrowsers view to the user and load it with the ServerURI. The browser “session” will continue to the Server and the DM Session is paused until the browser session is done."; // 5.8 SHOW
export const SHOW_CLOSE =
  "If this feature is supported and the parameter Close is present then the client MUST Close/Hide the WebBrowser window as soon as the URL is loaded in the WebBrowser and continue the DM Session."; // 5.8 SHOW
export const DEFAULT =
  "For Device or User initiated request for configuration the device SHOULD initiate a DM Session to the ServerURL to get the configuration/settings/data."; // 5.8 DEFAULT
export const INITIATED_BY =
  "The Client MUST apply the parameter “?InitiatedBy=” with the value “Device” or “User” depending on the it due direct or indirect user request or if it requested by the device itself"; // 5.8 DEFAULT
export const URL_PARAMS =
  "The following parameters must be replaced by the client with the actual value before using the URI: [MNC] [MCC] [CMNC] [CMCC] [MAN] [MOD] [IMEI]"; // 5.8.1
export const TBD_SIM = "[MNC]/[MCC] Mobile Network/Country Code. If no active SIM the value MUST be TBD."; // 5.8.1
export const TBD_3GPP =
  "[CMNC]/[CMCC] Current Mobile Network/Country Code. If no 3GPP/3GPP2 connection exists, for example WLAN, local USB etc, the value MUST be TBD."; // 5.8.1
