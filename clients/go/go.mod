module github.com/langflow-connect/langflow-connect/clients/go

go 1.19
