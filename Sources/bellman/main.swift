import BellmanCore
print(Methods.all.map(\.id))
