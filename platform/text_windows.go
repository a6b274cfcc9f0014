package platform

const lineEnding = "\r\n"
